"""The public site's views: thin classes over ``cms.publishing`` and the models."""
