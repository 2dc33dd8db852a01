"""The roles an account can hold, defined once for the models, the checks and the API."""

ROLES = ("employee", "champion", "hr", "admin", "integration")
# People who take the training; an integration account is a machine, not a person.
PERSON_ROLES = ("employee", "champion", "hr", "admin")
