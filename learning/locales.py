"""The languages content is written in, defined once for the models, the loader and the checks."""

# Content is written in English first; a text missing in another language falls back to it.
SOURCE_LOCALE = "en"
LOCALES = ("en", "fr")
# The languages a lesson, question or guide version may have a translation in.
TRANSLATED_LOCALES = tuple(locale for locale in LOCALES if locale != SOURCE_LOCALE)
