"""Portfolio: strategic priorities and the CX initiatives run across the business."""
