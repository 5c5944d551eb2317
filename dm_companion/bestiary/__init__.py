"""The campaign's own monsters: imported from 5etools, Open5e or Improved Initiative files into
the record the SRD gives, kept with the campaign, found before the SRD's."""
