# Lithuanian number style (VLKK): a space groups thousands, a comma marks decimals.
# Django's own lt module uses a dot for thousands; everything else comes from it.
THOUSAND_SEPARATOR = "\xa0"
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
