"""The kit's own pages: accounts, notifications, the site's endpoints and the error pages."""
