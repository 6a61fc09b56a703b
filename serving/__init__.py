"""How the site answers every request, whatever the page: HTTP methods, security headers, the health check,
the 503 while the database is away, one-line logs, and the admin's sign-in lockouts."""
