"""The networks people share on, defined once for the hub, sharing and the reports.

`text_limit` is the most characters the network accepts in a post. X counts any link as
23 characters, so the text that goes with a tracked link is 280 - 23 - 1 (the space).
An e-mail's text travels in a `mailto:` URL, which mail programs cut beyond about two
thousand characters.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Network:
    name: str
    label: str
    text_limit: int


NETWORKS = {
    network.name: network
    for network in (
        Network("linkedin", _l("LinkedIn"), 3000),
        Network("x", _l("X"), 256),
        Network("facebook", _l("Facebook"), 63206),
        Network("instagram", _l("Instagram"), 2200),
        Network("whatsapp", _l("WhatsApp"), 65536),
        Network("email", _l("E-mail"), 1800),
    )
}
NETWORK_NAMES = tuple(NETWORKS)
# The longest text any network takes: a suggested text for no network in particular.
LONGEST_TEXT = max(network.text_limit for network in NETWORKS.values())


def network_label(name: str) -> str:
    network = NETWORKS.get(name)
    return str(network.label) if network else name
