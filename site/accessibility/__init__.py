"""The accessibility statement the Swedish law on accessible digital public services (lagen om
tillgänglighet till digital offentlig service, "DOS-lagen") asks of every municipal website, in
the parts the Agency for Digital Government (Digg) lists, with its feedback form.

Design: one Wagtail page type, `AccessibilityStatementPage`, below each municipality's home
page, rather than settings plus a view of our own. A statement is content the municipality
writes, reviews and publishes (and translates, with Wagtail's localization): status, each known
shortcoming with its reason, how and when the site was assessed. A page gives that editors'
workflow, revisions and the page's own last published date, which is the statement's "last
updated" date, so the date can never be forgotten. What is the municipality's and not the
statement's comes from the site's settings (Settings → Municipality): its name, its social
services board and the accessibility contact the feedback goes to (one address per site, the
same for every language's copy of the page).

The feedback form posts to the page itself (`serve`), so the statement needs no URL of its own.
A valid message is queued in the outbox as an e-mail to the site's accessibility contact and
sent by the worker; the visitor is redirected back with a confirmation. Nothing from the
message is logged. The page shows no personal data and may be cached.
"""
