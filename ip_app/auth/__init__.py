"""Login: password hashing, server-side sessions, and the HTTP routes that set the cookie."""
