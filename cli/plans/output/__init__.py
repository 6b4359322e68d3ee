"""Rendering layer: turn findings and rows into text (JSON, SARIF, annotations…). Never prints."""
