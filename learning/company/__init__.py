"""The company's own settings: its name, contacts, networks and confidential terms,
read from `company.yml` beside the content and filled into it."""
