"""Views of the mock roundtable pages: lists, the console, the plan, reports."""
