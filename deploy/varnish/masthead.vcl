# Masthead's caching rules for Varnish 7 (VCL 4.1).
#
# Included by a small top file (default.vcl) that declares `vcl 4.1;`,
# `import std;`, the backend (gunicorn, with a health probe) and
# `acl purgers` (the addresses Masthead sends purges from), then
# `include "masthead.vcl";`. Everything about what is kept, for whom and how
# it is dropped lives here, so production and the tests
# (tests/serving/test_varnish.py) run the same rules.
#
# What Django tells us (caching/headers.py): a response Varnish may keep
# says `Cache-Control: public, ..., s-maxage=N`, and names the stories it
# shows in `Surrogate-Key: story-12 story-40`. Everything else says
# `private`. Masthead drops pages with the PURGE and BAN requests handled in
# masthead_purge below (caching/backends.py sends them).
#
# Helper headers: req.http.x-masthead-* live only inside Varnish (they are
# removed before a request reaches Django); obj.http.x-host and
# obj.http.x-path are stored with every object so that bans can name a host
# and a path without looking at the request (the ban lurker can then
# evict banned objects in the background), and are removed on delivery.

# ---------------------------------------------------------------- requests

sub vcl_recv {
    if (req.restarts == 0) {
        # Only Varnish sets these; a reader sending them gets them dropped.
        unset req.http.x-masthead-stale;
        unset req.http.x-masthead-lookup;
        unset req.http.x-masthead-query;
        unset req.http.x-masthead-path;
        unset req.http.x-masthead-tags;
    }
    call masthead_host;

    if (req.method == "PURGE" || req.method == "BAN") {
        call masthead_purge;
    }

    # Only reading is cached. POST (comments, the admin), and every other
    # method, goes to Django every time.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The Wagtail and Django admins, page previews (under /admin/) and
    # anything with credentials are never shared.
    if (req.url ~ "^/(django-)?admin([/?]|$)" || req.http.Authorization) {
        return (pass);
    }
    # Signed-in people (Django's session cookie) and anyone holding a CSRF
    # token (they have used a form that needs one) see pages made for them.
    # Keep these names in step with SESSION_COOKIE_NAME and CSRF_COOKIE_NAME.
    if (req.http.Cookie ~ "(^|;)[[:space:]]*(sessionid|csrftoken)=") {
        return (pass);
    }
    # Every other cookie (analytics, consent banners) means nothing to
    # Django's reader pages: dropped, so that everyone shares one copy.
    unset req.http.Cookie;

    call masthead_query;

    # How long past its lifetime a page may still be served while a fresh
    # copy is fetched in the background: briefly while the backend is
    # healthy, for the whole grace (set in vcl_backend_response) while the
    # probe says it is down, or when it just failed (x-masthead-stale, set
    # by vcl_synth below).
    # (req.grace outlives a restart, so it is set either way.)
    if (req.http.x-masthead-stale || !std.healthy(req.backend_hint)) {
        set req.grace = 24h;
    } else {
        set req.grace = 10s;
    }
    set req.http.x-masthead-lookup = "1";
    return (hash);
}

sub masthead_host {
    # One spelling per host, so that a purge naming the site's host finds
    # every copy: lower case, without a default port.
    if (req.http.Host) {
        set req.http.Host = regsub(std.tolower(req.http.Host), ":(80|443)$", "");
    }
    # Only "https" means anything to Django (SECURE_PROXY_SSL_HEADER); any
    # other value is dropped so that it cannot make copies of its own.
    if (req.http.X-Forwarded-Proto && req.http.X-Forwarded-Proto != "https") {
        unset req.http.X-Forwarded-Proto;
    }
}

sub masthead_query {
    # The query string, reduced to what the site reads, in a fixed order, so
    # that `?utm_source=x&fbclid=y`, `?whatever=<random>` and the bare
    # address share one copy: random query strings can neither bypass the
    # cache nor fill it. Django gets the reduced address too.
    if (req.url !~ "\?") {
        return;
    }
    set req.http.x-masthead-query = regsub(req.url, "^[^?]*\?", "&");
    set req.url = regsub(req.url, "\?.*$", "");
    # Campaign and click trackers (analytics reads them in the browser).
    set req.http.x-masthead-query = regsuball(req.http.x-masthead-query,
        "&(utm_[^&=]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|yclid|ref_src|ref_url|_hsenc|_hsmi|mkt_tok|twclid|ttclid|li_fat_id|oly_anon_id|oly_enc_id|rb_clickid|s_cid|vero_id|wickedid)(=[^&]*)?(?=&|$)",
        "");
    # Then only the parameters reader pages read are kept:
    #   page, p       listings, search results and sitemaps (news/pagination.py, news/distribution/sitemaps.py)
    #   q, section, from, to, sort   search (search/params.py), q also for suggestions
    #   comment, replytocom          the thanks after posting, and "Reply to" (reader_comments/templatetags/reader_comments_tags.py)
    # A reader page that starts reading a new query parameter must add it
    # here, or anonymous readers will never see it (Varnish drops it).
    set req.http.x-masthead-query = regsuball(req.http.x-masthead-query,
        "&(?!(page|p|q|section|from|to|sort|comment|replytocom)(=|&|$))[^&]*",
        "");
    # "&a=1&b=2" becomes "?a=1&b=2"; nothing left leaves no "?" at all.
    set req.url = std.querysort(req.url + regsub(req.http.x-masthead-query, "^&", "?"));
    unset req.http.x-masthead-query;
}

# ------------------------------------------------------------------ purges

sub masthead_purge {
    # Only from the addresses in `acl purgers` (default.vcl). client.ip is
    # the connecting address, or the one a PROXY protocol header names.
    if (client.ip !~ purgers) {
        return (synth(405, "Purging is not allowed from this address"));
    }
    if (req.http.Host !~ "^[a-z0-9.:\[\]-]+$") {
        return (synth(400, "Purges need the site's Host"));
    }
    if (req.method == "PURGE") {
        # PURGE /world-news/ with the site's Host: every copy of that path
        # on that host, whatever its query string (?page=2, ...).
        set req.http.x-masthead-path = regsub(req.url, "\?.*$", "");
        if (req.http.x-masthead-path !~ {"^/[^[:space:]"\\]*$"}) {
            return (synth(400, "Malformed path"));
        }
        if (std.ban("obj.http.x-host == " + req.http.Host + " && obj.http.x-path == " + req.http.x-masthead-path)) {
            return (synth(200, "Purged"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.http.Surrogate-Key) {
        # BAN / with `Surrogate-Key: story-12 story-40`: every page showing
        # any of these stories, on every host. Whole tags only: story-1
        # does not match story-12.
        if (req.http.Surrogate-Key !~ "^ *story-[0-9]+( +story-[0-9]+)* *$") {
            return (synth(400, "Surrogate-Key must be story-<number> tags separated by spaces"));
        }
        set req.http.x-masthead-tags = regsuball(regsuball(req.http.Surrogate-Key, "^ +| +$", ""), " +", "|");
        if (std.ban("obj.http.Surrogate-Key ~ (^|[[:space:]])(" + req.http.x-masthead-tags + ")([[:space:]]|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    # BAN / with the site's Host and no Surrogate-Key: the whole site.
    if (std.ban("obj.http.x-host == " + req.http.Host)) {
        return (synth(200, "Banned"));
    }
    return (synth(400, std.ban_error()));
}

# ---------------------------------------------------------------- the cache

sub vcl_hash {
    # https and http pages differ (absolute links, redirects): one copy each.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    # The built-in vcl_hash adds the address and the Host.
}

sub vcl_miss {
    # Looking again for a stale copy after the backend failed (vcl_synth),
    # and there is none: say so rather than asking the failing backend twice.
    if (req.http.x-masthead-stale) {
        return (synth(503, "Service Unavailable"));
    }
}

# ----------------------------------------------------------------- backend

sub vcl_backend_fetch {
    unset bereq.http.x-masthead-stale;
    unset bereq.http.x-masthead-lookup;
}

sub vcl_backend_response {
    # What bans match on (see masthead_purge); removed in vcl_deliver.
    set beresp.http.x-host = bereq.http.Host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");

    if (bereq.uncacheable) {
        # A pass: the answer goes to this one request only.
        return (deliver);
    }
    if (beresp.status >= 500) {
        # The backend failed. A background refresh keeps serving the stale
        # copy; a reader's own fetch looks for a stale copy (vcl_synth).
        return (abandon);
    }
    if (beresp.http.Cache-Control !~ "(?i)(^|,)[[:space:]]*public[[:space:]]*(,|$)"
        || beresp.http.Cache-Control ~ "(?i)private|no-cache|no-store"
        || beresp.http.Set-Cookie
        || beresp.http.Vary == "*"
        || beresp.ttl <= 0s) {
        # Not for sharing. Remembered for two minutes as "fetch every time"
        # so that readers of this address do not queue behind each other.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Lifetime: Django's s-maxage (Varnish reads it). After that the copy is
    # kept another 6 hours, served only as the grace rules in vcl_recv allow.
    set beresp.grace = 6h;
    if (!beresp.http.Content-Encoding
        && beresp.http.Content-Type ~ "^(text/|application/(json|xml|rss\+xml|atom\+xml|javascript))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_backend_error {
    # Backend unreachable or too slow: as for a 5xx in vcl_backend_response.
    if (!bereq.uncacheable) {
        return (abandon);
    }
}

# ---------------------------------------------------------------- delivery

sub vcl_deliver {
    unset resp.http.x-host;
    unset resp.http.x-path;
    # Which stories a page shows is for Varnish only.
    unset resp.http.Surrogate-Key;
    # For operators and the tests: HIT (HIT-STALE past its lifetime), MISS, or PASS.
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        if (obj.ttl <= 0s) {
            set resp.http.X-Cache = "HIT-STALE";
        } else {
            set resp.http.X-Cache = "HIT";
        }
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_synth {
    if (resp.status == 503 && req.http.x-masthead-lookup && !req.http.x-masthead-stale) {
        # The backend failed a reader's request: look again, this time
        # accepting a copy of any age within the grace.
        set req.http.x-masthead-stale = "1";
        return (restart);
    }
    if (resp.status == 503) {
        set resp.http.Content-Type = "text/html; charset=utf-8";
        set resp.http.Retry-After = "30";
        set resp.http.Cache-Control = "no-store";
        set resp.body = {"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Back in a moment</title></head>
<body><h1>Back in a moment</h1><p>This page cannot be shown just now. Please try again in a minute.</p></body></html>
"};
        return (deliver);
    }
}
