"""The main navigation, as a person uses it: the advocacy and HR pages are in its menus."""


def follow_menu(page, menu: str, link: str) -> None:
    """Open the navigation's `menu` ("Advocacy", "HR") and follow its `link`."""
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_text(menu, exact=True).click()
    navigation.get_by_role("link", name=link, exact=True).click()
