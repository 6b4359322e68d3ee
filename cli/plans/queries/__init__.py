"""Queries layer: questions asked of the loaded model. Returns rows and objects; never prints."""
