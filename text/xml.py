"""Text that XML parsers accept, whatever an editor pasted."""

import re

# Characters XML 1.0 forbids anywhere in a document (C0 controls other than tab,
# newline and carriage return, lone surrogates, U+FFFE and U+FFFF). Django's feed
# writer refuses them with an exception, and a sitemap containing one is rejected
# whole by the search engine, so they are removed before text reaches either.
_NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """`value` as a string without the characters XML 1.0 cannot carry (None gives "")."""
    if value is None:
        return ""
    return _NOT_XML_CHARACTERS.sub("", str(value))
