"""The plan on paper and in the calendar: print page, PDF/UA, iCalendar."""
