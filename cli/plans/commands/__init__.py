"""Commands layer: parse arguments, call the layers below, print. Nothing else lives here."""
