"""Each network's own share page, addressed as the network documents it.

A network's share page is opened with what it accepts, and nothing else:

- X: the Web Intent `https://twitter.com/intent/tweet` with `text` and `url` (X's
  developer documentation, "Web Intents"; it answers on x.com as well, and `twitter.com`
  is the address X documents, so it is the one kept).
- LinkedIn: `https://www.linkedin.com/sharing/share-offsite/?url=` (LinkedIn's "Share
  on LinkedIn" documentation): the link only, the text is pasted by the person.
- Facebook: `https://www.facebook.com/sharer/sharer.php?u=` (Facebook's Sharing
  documentation): the link only, the text is pasted by the person.
- WhatsApp: `https://wa.me/?text=` (WhatsApp's "click to chat"): one text, so the text
  and the link together.
- E-mail: a `mailto:` URL (RFC 6068) with `subject` and `body`, percent-encoded (a space
  is %20, never `+`; a line break is %0D%0A).
- Instagram has no web share page: the person copies the text and the link.
"""

from urllib.parse import quote, urlencode

# The networks whose share page takes the link only: the person pastes the text there.
LINK_ONLY = ("linkedin", "facebook")
# No share page at all: text and link are copied by hand.
NO_SHARE_PAGE = ("instagram",)


def _query(**parameters: str) -> str:
    # %20 for spaces: every network reads it, and RFC 6068 requires it in mailto.
    return urlencode(parameters, quote_via=quote, safe="")


def x_url(text: str, link: str) -> str:
    return "https://twitter.com/intent/tweet?" + _query(text=text, url=link)


def linkedin_url(link: str) -> str:
    return "https://www.linkedin.com/sharing/share-offsite/?" + _query(url=link)


def facebook_url(link: str) -> str:
    return "https://www.facebook.com/sharer/sharer.php?" + _query(u=link)


def whatsapp_url(text: str, link: str) -> str:
    return "https://wa.me/?" + _query(text=with_link(text, link))


def email_url(subject: str, text: str, link: str) -> str:
    body = f"{text}\r\n\r\n{link}" if text else link
    return "mailto:?" + _query(subject=subject, body=body)


def with_link(text: str, link: str) -> str:
    """The text followed by the link, as it is posted where both go in one text."""
    return f"{text} {link}" if text else link


def share_url(network: str, *, text: str, link: str, subject: str) -> str | None:
    """The address that opens `network`'s share page; None where there is none."""
    if network == "x":
        return x_url(text, link)
    if network == "linkedin":
        return linkedin_url(link)
    if network == "facebook":
        return facebook_url(link)
    if network == "whatsapp":
        return whatsapp_url(text, link)
    if network == "email":
        return email_url(subject, text, link)
    return None
