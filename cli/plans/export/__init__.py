"""Where offices already work: report forms and trackers as Excel workbooks (openpyxl), deadlines as
iCalendar files (icalendar). Pure functions over the loaded model that return workbooks, calendars or
bytes; the commands write them (plans.output.safewrite)."""
