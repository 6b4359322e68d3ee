"""Rendering layer: plans and periodic reports as Markdown (Jinja2) and DOCX (python-docx, a Word
template in templates/). Returns documents and bytes; never prints."""
