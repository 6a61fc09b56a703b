# Varnish in front of Masthead's gunicorn: this site's addresses.
#
# Copy this file and masthead.vcl to /etc/varnish/ (or start varnishd with
# -p vcl_path=<this folder>) and edit the three marked places. Everything
# about what is cached and how purges work lives in masthead.vcl; keep this
# file to what differs between machines.

vcl 4.1;

import std;

# EDIT 1: where gunicorn listens.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    # While the probe fails, readers get cached pages, however old (up to
    # the 6 hours of grace), instead of errors; masthead.vcl decides.
    # /healthz?check=database is 503 while gunicorn cannot reach the
    # database; a Redis outage does not fail it, since pages are still drawn
    # then (uncached, slower).
    .probe = {
        # EDIT 2: the site's host name. /healthz answers any host, but keep
        # it a name in ALLOWED_HOSTS, as every other request must be.
        .request =
            "HEAD /healthz?check=database HTTP/1.1"
            "Host: www.example.org"
            "User-Agent: Varnish health probe"
            "Connection: close";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

# EDIT 3: who may send PURGE and BAN: the machines Masthead (gunicorn, and
# cron's send_purges) runs on, as Varnish sees them. Readers' requests must
# never arrive from one of these addresses: if a TLS terminator on this
# machine forwards readers to Varnish, have it speak the PROXY protocol
# (varnishd -a ...,PROXY) so that Varnish sees the reader's address, and
# have it refuse PURGE and BAN itself.
acl purgers {
    "127.0.0.1";
    "::1";
}

include "masthead.vcl";
