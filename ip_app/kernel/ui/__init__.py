"""NAV's Aksel design system wrapped once (aksel.py), the page layout and the browser shell (layout.py, shell.jsx)."""
