"""The parent-support booking site (folder `site/`, import name `parentsite`)."""
