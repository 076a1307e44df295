"""Project package for the parent-support booking site (folder `site/`, import name `parentsite`)."""
