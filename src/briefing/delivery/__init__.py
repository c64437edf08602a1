"""From files to deliveries: the output folder's manifest, cover e-mails, the consultant's commentary and
the portfolio overview of a batch. Each module is used by the pipeline or the batch through a small hook."""
