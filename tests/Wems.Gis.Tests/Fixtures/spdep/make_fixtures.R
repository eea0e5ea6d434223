# Reference values for WEMS hot spot analysis (Getis-Ord Gi*, normal p-values, Benjamini-Hochberg), computed
# with R spdep. The C# tests in tests/Wems.Gis.Tests/Analysis/Hotspots read the CSVs this writes; they do not
# need R. Regenerate (Debian: apt-get install r-base-core r-cran-spdep) from the repository root with
#   Rscript tests/Wems.Gis.Tests/Fixtures/spdep/make_fixtures.R
#
# Every CSV starts with '#' comment lines (R and spdep versions, data set, weights), then a header row.
# Numbers are written with sprintf("%.17g") so they round-trip to the same doubles.

suppressPackageStartupMessages(library(spdep))

script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
out_dir <- if (length(script) == 1) dirname(normalizePath(script)) else "."
versions <- sprintf("# %s; spdep %s", R.version.string, packageVersion("spdep"))

num <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

write_fixture <- function(name, comments, columns) {
  lines <- c(versions, paste0("# ", comments), paste(names(columns), collapse = ","))
  body <- do.call(paste, c(lapply(columns, num), sep = ","))
  writeLines(c(lines, body), file.path(out_dir, name))
  cat("wrote", name, "\n")
}

# The band WEMS uses by default: the largest nearest-neighbour distance, so every feature has a neighbour.
# dnearneigh bounds are inclusive (d1 <= d <= d2); the 1e-9 relative slack matches SpatialWeights.BandTolerance
# so equal lattice spacings are not split by rounding.
default_band <- function(coords) max(unlist(nbdists(knn2nb(knearneigh(coords, k = 1)), coords)))
band_nb <- function(coords, band) {
  nb <- dnearneigh(coords, 0, band * (1 + 1e-9))
  stopifnot(all(card(nb) >= 1))
  nb
}

# Gi* (include.self) with listw built from nb (binary) or from a glist; returns z, two-sided p and BH-adjusted p.
gi_star <- function(x, nb, glist = NULL) {
  nb_self <- include.self(nb)
  lw <- if (is.null(glist)) nb2listw(nb_self, style = "B") else nb2listw(nb_self, glist = glist(nb_self), style = "B")
  z <- as.numeric(localG(x, lw))
  p <- 2 * pnorm(-abs(z))
  list(z = z, p = p, p_bh = p.adjust(p, "BH"))
}

# Inverse-distance glist as WEMS builds it: w_ij = (max(d_ij, unit) / unit)^-power, w_ii = 1.
idw_glist <- function(coords, power, unit = 1000) {
  function(nb_self) lapply(seq_along(nb_self), function(i) {
    j <- nb_self[[i]]
    d <- sqrt((coords[j, 1] - coords[i, 1])^2 + (coords[j, 2] - coords[i, 2])^2)
    w <- (pmax(d, unit) / unit)^(-power)
    w[j == i] <- 1
    w
  })
}

fixture <- function(name, description, weights, coords, x, res) {
  write_fixture(name, c(description, weights),
    list(x = coords[, 1], y = coords[, 2], value = x, z = res$z, p = res$p, p_bh = res$p_bh))
}

# 1. clusters: 150 points spread over 100 km x 100 km (metres), lognormal values (kg seized, no ties), raised
#    within 20 km of (25 km, 75 km) and lowered within 20 km of (75 km, 25 km).
set.seed(20240611)
n <- 150
coords <- cbind(runif(n, 0, 100000), runif(n, 0, 100000))
x <- round(rlnorm(n, meanlog = 1, sdlog = 0.6), 6)
hot <- sqrt((coords[, 1] - 25000)^2 + (coords[, 2] - 75000)^2) < 20000
cold <- sqrt((coords[, 1] - 75000)^2 + (coords[, 2] - 25000)^2) < 20000
x[hot] <- x[hot] * 4
x[cold] <- x[cold] / 4
desc <- "clusters: 150 seeded uniform points in 100 km x 100 km (metres); lognormal values x4 near (25,75) km, /4 near (75,25) km"
band <- default_band(coords)
fixture("clusters_band.csv", desc, sprintf("weights: binary, fixed distance band = default band %s m, self included", num(band)),
  coords, x, gi_star(x, band_nb(coords, band)))
fixture("clusters_knn6.csv", desc, "weights: binary, k = 6 nearest neighbours (knearneigh), self included",
  coords, x, gi_star(x, knn2nb(knearneigh(coords, k = 6))))
fixture("clusters_idw1.csv", desc, sprintf("weights: inverse distance, power 1, unit 1000 m (d clamped to >= 1 unit), within the default band %s m, self weight 1", num(band)),
  coords, x, gi_star(x, band_nb(coords, band), idw_glist(coords, 1)))
fixture("clusters_idw2_30km.csv", desc, "weights: inverse distance, power 2, unit 1000 m (d clamped to >= 1 unit), within 30000 m, self weight 1",
  coords, x, gi_star(x, band_nb(coords, 30000), idw_glist(coords, 2)))

# 2. ties: 80 points on a jittered 10 x 8 grid with 10 km spacing; Poisson counts (many zeros and ties), higher
#    in the north-east corner.
set.seed(7)
g <- expand.grid(i = 0:9, j = 0:7)
coords <- cbind(g$i * 10000 + runif(80, -3000, 3000), g$j * 10000 + runif(80, -3000, 3000))
x <- rpois(80, ifelse(g$i >= 6 & g$j >= 4, 3, 0.4))
band <- default_band(coords)
fixture("ties_band.csv", "ties: 80 points on a jittered 10 x 8 grid, 10 km spacing (metres); Poisson counts with many zeros, raised in the north-east",
  sprintf("weights: binary, fixed distance band = default band %s m, self included", num(band)),
  coords, x, gi_star(x, band_nb(coords, band)))

# 3. hexcells: centres of 12 x 10 flat-topped hexagons 10 km apart (as HexGrid lays them out: x = 1.5 s q,
#    y = sqrt(3) s (r + q / 2)), with case counts per cell: zeros and ties, a hot spot around cell (3, 2).
set.seed(11)
h <- 10000
s <- h / sqrt(3)
cells <- do.call(rbind, lapply(0:11, function(q) cbind(q = q, r = (0:9) - q %/% 2)))
coords <- cbind(1.5 * s * cells[, 1], sqrt(3) * s * (cells[, 2] + cells[, 1] / 2))
dist_hot <- sqrt((coords[, 1] - 1.5 * s * 3)^2 + (coords[, 2] - sqrt(3) * s * (2 + 3 / 2))^2)
x <- rpois(nrow(coords), 0.3 + 6 * exp(-(dist_hot / 15000)^2))
band <- default_band(coords)
fixture("hexcells_band.csv", "hexcells: 120 flat-topped hexagon centres 10 km apart (metres), Poisson case counts with a hot spot near cell (3, 2)",
  sprintf("weights: binary, fixed distance band = default band %s m (the centre spacing), self included", num(band)),
  coords, x, gi_star(x, band_nb(coords, band)))

# 4. Standard normal tails, as 2 * pnorm(-abs(z)) and pnorm().
z <- c(0, 1e-10, 0.3, -0.5, 0.67448975, 0.6744897501960817, 1, -1.6448536269514722, 1.959963984540054,
  2.5758293035489004, 3, -4, 5, 5.6568542494923806, 6, -7.5, 8.5, 10, 15, 20, 30, 37, 38)
write_fixture("normal.csv", "standard normal: pnorm(z), pnorm(z, lower.tail = FALSE), 2 * pnorm(-abs(z))",
  list(z = z, cdf = pnorm(z), upper = pnorm(z, lower.tail = FALSE), two_sided = 2 * pnorm(-abs(z))))

# 5. Benjamini-Hochberg with ties, NA, zeros and ones.
p <- c(0.01, 0.02, 0.03, 0.04, 0.05, 0.5, NA, 1e-4, 0.04, 1, 0.2, 0.011, 0, 0.04, 0.9, NA, 0.06)
write_fixture("p_adjust.csv", "p.adjust(p, \"BH\") with ties, NA (excluded from n), 0 and 1",
  list(p = p, p_bh = p.adjust(p, "BH")))
