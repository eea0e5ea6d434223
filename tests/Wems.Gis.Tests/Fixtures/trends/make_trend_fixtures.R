# Makes the Mann-Kendall and normal-distribution fixtures for tests/Wems.Gis.Tests/Analysis/Trends.
#
#   Rscript make_trend_fixtures.R     (run in this directory; R 4.2 from Debian bookworm, base R only:
#                                      the Kendall package is not packaged for Debian)
#
# The Mann-Kendall statistics are computed by hand from their textbook definitions (Mann 1945, Kendall 1975,
# Sen 1968) and cross-checked against base R's cor.test(1:n, x, method = "kendall", exact = FALSE,
# continuity = TRUE), which with an untied time axis gives the same tie-corrected variance, the same
# continuity-corrected z, the same two-sided p and tau-b. All numbers are written with 17 significant digits.

options(digits = 17)
set.seed(42)
f17 <- function(v) sprintf("%.17g", v)

mann_kendall <- function(x) {
  n <- length(x)
  S <- 0
  slopes <- c()
  for (i in 1:(n - 1)) for (j in (i + 1):n) {
    S <- S + sign(x[j] - x[i])
    slopes <- c(slopes, (x[j] - x[i]) / (j - i))
  }
  t <- as.numeric(table(x))
  t <- t[t > 1]
  var_s <- (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5))) / 18
  z <- if (S > 0) (S - 1) / sqrt(var_s) else if (S < 0) (S + 1) / sqrt(var_s) else 0
  p <- 2 * pnorm(-abs(z))
  n0 <- n * (n - 1) / 2
  tau <- S / sqrt(n0 * (n0 - sum(t * (t - 1) / 2)))
  # cor.test's variance has a 1/(n - 2) term (zero for an untied axis) that is 0/0 at n = 2.
  if (n >= 3) {
    ct <- suppressWarnings(cor.test(seq_len(n), x, method = "kendall", exact = FALSE, continuity = TRUE))
    stopifnot(isTRUE(all.equal(unname(ct$statistic), z, tolerance = 1e-13)),
              isTRUE(all.equal(ct$p.value, p, tolerance = 1e-13)),
              isTRUE(all.equal(unname(ct$estimate), tau, tolerance = 1e-13)))
  }
  c(n = n, S = S, var_s = var_s, z = z, p = p, tau = tau, sen = median(slopes))
}

series <- list(
  increasing_no_ties = c(1.2, 2.5, 2.1, 3.8, 4.0, 5.5, 5.1, 6.7, 7.0, 8.2),
  decreasing_with_ties = c(10, 9, 9, 8, 7, 7, 7, 5, 4, 4, 3, 1),
  no_trend_with_ties = c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3),
  two_values = c(1, 2),
  gi_star_rising = round(seq(-0.5, 2.5, length.out = 20) + rnorm(20, 0, 0.6), 3),
  noisy_rounded_ties = round(rnorm(40, 0, 1) + seq(0, -1, length.out = 40), 1),
  steep_small_p = 1:30 + rnorm(30, 0, 0.5)
)

rows <- do.call(rbind, lapply(names(series), function(name) {
  r <- mann_kendall(series[[name]])
  data.frame(name = name, values = paste(f17(series[[name]]), collapse = " "),
             n = r[["n"]], S = r[["S"]], var_s = f17(r[["var_s"]]), z = f17(r[["z"]]), p = f17(r[["p"]]),
             tau = f17(r[["tau"]]), sen_slope = f17(r[["sen"]]))
}))
write.csv(rows, "mann_kendall.csv", row.names = FALSE, quote = FALSE)

# The standard normal: lower tail, upper tail and two-sided p from R's pnorm (Cody's algorithm).
x <- c(-40, -38, -30, -12.5, -8, -6.2, -5.656854, -5, -3.3, -1.959963984540054, -1, -0.674489, -0.3, -1e-17,
       0, 1e-17, 0.25, 0.6744897, 0.67449, 1.5, 2.575829303548901, 4, 5.6568543, 7.1, 9, 15, 37.6)
write.csv(data.frame(x = f17(x), lower = f17(pnorm(x)), upper = f17(pnorm(x, lower.tail = FALSE)),
                     two_sided = f17(pmin(1, 2 * pnorm(-abs(x))))),
          "normal.csv", row.names = FALSE, quote = FALSE)
