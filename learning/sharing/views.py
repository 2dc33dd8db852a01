"""Sharing's pages: the share form (a panel of the hub item's page, and a page of its
own), a share's page with its link and the network's steps, the person's own figures,
the privacy text, and the tracked-link redirect itself."""

from flask import current_app, render_template, request, session, url_for
from flask import redirect as redirect_to
from flask_login import current_user, user_logged_in

from learning import panels
from learning.advocacy import services as hub
from learning.advocacy.models import ContentItem
from learning.company import services as company
from learning.conduct import services as conduct
from learning.errors import DomainError
from learning.extensions import limiter
from learning.networks import NETWORKS
from learning.security import person_required
from learning.sharing import blueprint, figures, forms, services, share_urls, tracking

PERSON_KEY = tracking.PERSON_KEY


def remember_person(user) -> None:
    if session.get(PERSON_KEY) != user.id:
        session[PERSON_KEY] = user.id


@user_logged_in.connect
def _on_sign_in(sender, user, **extra) -> None:
    remember_person(user)


def _form_context(user, item: ContentItem, form: forms.ShareForm | None = None) -> dict:
    """What the share form needs: whether the person may share (the guide), whether to
    prompt at all (never an objector), and the texts suggested for each network."""
    status = conduct.status(user)
    offered = company.offered_networks()
    texts = {network.name: hub.suggested_text(item, network.name) for network in offered}
    if form is None:
        first = offered[0].name
        form = forms.ShareForm(formdata=None, network=first)
        form.text.data = texts[first]
        form.suggested_for.data = first
    form.offer(offered)
    return {
        "item": item,
        "form": form,
        "guide": status,
        "objector": user.level == "objector",
        "texts": texts,
        "limits": {network.name: network.text_limit for network in offered},
    }


@panels.panel(blueprint, panels.HUB_ITEM, "sharing/_share_panel.html", order=10)
def share_panel(user, item: ContentItem) -> dict | None:
    if not hub.is_shareable(item):
        return None  # the hub's page says why it is not offered
    return _form_context(user, item)


def _chosen_text(item: ContentItem, form: forms.ShareForm) -> str:
    """The text as sent; a text left as suggested for another network follows the network
    chosen (the page without its script cannot swap it)."""
    text = services.clean_text(form.text.data or "")
    network, suggested_for = form.network.data, form.suggested_for.data
    offered = company.offered_network_names()
    left_as_suggested = suggested_for in offered and text == services.clean_text(
        hub.suggested_text(item, suggested_for)
    )
    if left_as_suggested and network in offered and network != suggested_for:
        return hub.suggested_text(item, network)
    return text


@blueprint.route("/hub/items/<int:item_id>/share", methods=["GET", "POST"])
@person_required
def share(item_id: int):
    item = hub.get_item(item_id)
    form = forms.ShareForm()
    form.offer(company.offered_networks())
    status = 200
    refusal = None
    if form.validate_on_submit():
        try:
            created = services.create_share(
                current_user, item_id, form.network.data, _chosen_text(item, form)
            )
        except (hub.TextTooLong, hub.UnknownNetwork) as error:
            form.text.errors = [*form.text.errors, error.message]
            status = error.status
        except DomainError as error:
            refusal, status = error.message, error.status
        else:
            remember_person(current_user)
            return redirect_to(url_for("sharing.share_page", share_id=created.id))
    context = _form_context(current_user, item, form if request.method == "POST" else None)
    return (
        render_template(
            "sharing/share.html",
            data=context,
            unavailable=hub.unavailability(item),
            refusal=refusal,
        ),
        status,
    )


@blueprint.get("/shares/<int:share_id>")
@person_required
def share_page(share_id: int):
    share = services.get_own_share(current_user, share_id)
    remember_person(current_user)
    return render_template(
        "sharing/share_page.html",
        share=share,
        links=services.links(share, request.host_url),
        network=NETWORKS[share.network],
        link_only=share.network in share_urls.LINK_ONLY,
        no_share_page=share.network in share_urls.NO_SHARE_PAGE,
    )


@blueprint.get("/me/sharing")
@person_required
def my_sharing():
    return render_template(
        "sharing/my_sharing.html",
        shares=figures.shares_of(current_user),
        totals=figures.totals_of(current_user),
        networks=NETWORKS,
    )


@blueprint.get("/privacy")
def privacy():
    return render_template("sharing/privacy.html")


@blueprint.get("/s/<code>")
@limiter.exempt
def redirect(code: str):
    """A tracked link: one lookup, one insert, committed, then a 302 that no cache keeps."""
    outcome = request.environ.get(tracking.OUTCOME_KEY) or tracking.follow(
        current_app._get_current_object(),
        code,
        request.method,
        request.user_agent.string,
        session.get(PERSON_KEY),
        request.remote_addr,
    )
    if outcome.status == 404:
        return render_template("sharing/link_unknown.html"), 404
    if outcome.status == 410:
        return render_template("sharing/link_gone.html"), 410
    response = redirect_to(outcome.target, 302)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@panels.panel(blueprint, panels.DASHBOARD, "sharing/_dashboard_panel.html", order=60)
def dashboard_panel(user) -> dict | None:
    totals = figures.totals_of(user)
    if totals.shares == 0 and user.level == "objector":
        return None  # nobody is prompted to share, least of all an objector
    return {"totals": totals}
