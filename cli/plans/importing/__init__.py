"""Reading what offices send back: filled Excel report forms (xlsx_report)."""
