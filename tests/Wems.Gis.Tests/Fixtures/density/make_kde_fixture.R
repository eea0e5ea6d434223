# Makes the kernel density fixtures for tests/Wems.Gis.Tests/Analysis/Density.
#
#   Rscript make_kde_fixture.R        (run in this directory; R 4.2, spatstat 3.0-3, Debian bookworm:
#                                      apt-get install r-base-core r-cran-spatstat)
#
# Independent of the C# code: the default search radius and the grid layout follow ArcGIS's written rules
# ("How Kernel Density works"), and the densities come from spatstat's density.ppp with the quartic kernel,
# cross-checked against a plain double loop over ArcGIS's formula.
#
# spatstat's quartic kernel with bandwidth sigma is 3/(pi R^2) (1 - d^2/R^2)^2 with R = sqrt(8) sigma (its
# standard deviation per axis is R/sqrt(8)), which is exactly ArcGIS's (1/r^2) 3/pi (1 - (d/r)^2)^2 with r = R.
# So sigma = r / sqrt(8) and no other constant differs; spatstat's unit is per square metre here, and the
# fixture stores per square kilometre (x 1e6).

suppressMessages(library(spatstat))
options(digits = 17)
set.seed(20240611)

# Points in a UTM-like frame (metres): three clusters of different spread and a few outliers.
centres <- rbind(c(215000, 9612000), c(238000, 9631000), c(251000, 9604000))
sizes <- c(120, 80, 40)
spreads <- c(2500, 6000, 1200)
x <- unlist(lapply(1:3, function(k) rnorm(sizes[k], centres[k, 1], spreads[k])))
y <- unlist(lapply(1:3, function(k) rnorm(sizes[k], centres[k, 2], spreads[k])))
x <- c(x, runif(10, 180000, 290000))
y <- c(y, runif(10, 9570000, 9660000))
x <- round(x, 2)
y <- round(y, 2)
population <- sample(c(0.5, 1, 1, 2, 3, 5), length(x), replace = TRUE)

# Full precision, each value on its own (format() would pad a column to a common width).
f17 <- function(v) sprintf("%.17g", v)
write.csv(data.frame(x = f17(x), y = f17(y), population = f17(population)),
          "kde_points.csv", row.names = FALSE, quote = FALSE)

# ArcGIS default search radius: 0.9 * min(SD, sqrt(1/ln 2) * Dm) * n^-0.2, weighted by population if given.
default_radius <- function(x, y, w) {
  keep <- w > 0
  x <- x[keep]; y <- y[keep]; w <- w[keep]
  W <- sum(w)
  mx <- sum(w * x) / W
  my <- sum(w * y) / W
  d <- sqrt((x - mx)^2 + (y - my)^2)
  sd <- sqrt(sum(w * ((x - mx)^2 + (y - my)^2)) / W)
  o <- order(d)
  cw <- cumsum(w[o])
  k <- which(cw >= W / 2)[1]
  dm <- if (cw[k] == W / 2 && k < length(d)) (d[o][k] + d[o][k + 1]) / 2 else d[o][k]
  list(radius = 0.9 * min(sd, sqrt(1 / log(2)) * dm) * W^(-0.2), sd = sd, dm = dm, n = W)
}

# Brute force, straight from ArcGIS's formula, per square metre.
brute <- function(qx, qy, x, y, w, r) {
  sapply(seq_along(qx), function(j) {
    d2 <- (x - qx[j])^2 + (y - qy[j])^2
    inside <- d2 < r^2
    sum(3 / pi * w[inside] * (1 - d2[inside] / r^2)^2) / r^2
  })
}

make_case <- function(name, w) {
  est <- default_radius(x, y, w)
  r <- est$radius
  # Grid: bounding box grown by r; origin at the north-west corner; cell = shorter side / 250.
  xmin <- min(x) - r; xmax <- max(x) + r
  ymin <- min(y) - r; ymax <- max(y) + r
  width <- xmax - xmin; height <- ymax - ymin
  cell <- min(width, height) / 250
  cols <- ceiling(width / cell - 1e-9)
  rows <- ceiling(height / cell - 1e-9)

  # Cells to check: every 7th row and column, plus 400 random cells.
  grid_cells <- expand.grid(row = seq(0, rows - 1, by = 7), col = seq(0, cols - 1, by = 7))
  random_cells <- data.frame(row = sample(0:(rows - 1), 400, replace = TRUE),
                             col = sample(0:(cols - 1), 400, replace = TRUE))
  cells <- unique(rbind(grid_cells, random_cells))
  qx <- xmin + (cells$col + 0.5) * cell
  qy <- ymax - (cells$row + 0.5) * cell

  # spatstat evaluates exactly (no pixel discretisation) at the points of a pattern; the query locations join
  # the pattern with weight 0, so they contribute nothing.
  win <- owin(c(xmin - cell, xmax + cell), c(ymin - cell, ymax + cell))
  all_points <- ppp(c(x, qx), c(y, qy), window = win, check = FALSE)
  dens <- density(all_points, sigma = r / sqrt(8), kernel = "quartic", at = "points",
                  leaveoneout = FALSE, edge = FALSE, weights = c(w, rep(0, length(qx))))
  dens <- as.numeric(dens)[length(x) + seq_along(qx)]
  check <- brute(qx, qy, x, y, w, r)
  stopifnot(isTRUE(all.equal(dens, check, tolerance = 1e-12)))
  stopifnot(sum(dens > 0) > 300)

  write.csv(data.frame(
    key = c("radius", "standard_distance", "median_distance", "n", "origin_x", "origin_y", "cell_size", "rows", "columns"),
    value = f17(c(r, est$sd, est$dm, est$n, xmin, ymax, cell, rows, cols))),
    sprintf("kde_%s_grid.csv", name), row.names = FALSE, quote = FALSE)
  write.csv(data.frame(row = cells$row, column = cells$col, density_km2 = f17(dens * 1e6)),
            sprintf("kde_%s_cells.csv", name), row.names = FALSE, quote = FALSE)
}

make_case("unweighted", rep(1, length(x)))
make_case("weighted", population)
