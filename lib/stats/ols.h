/* ols.h - small dense least squares: the sweep operator on a Gram
 * matrix (forward selection and ridge fits without refactoring), a
 * ridge-stabilised fit from rows, and the cluster-robust (sandwich)
 * covariance. Matrices are row-major p x p arrays of doubles. */
#ifndef RV_OLS_H
#define RV_OLS_H

#include <stddef.h>

/* Sweep pivot k of the symmetric p x p matrix a in place (Goodnight's
 * operator). After sweeping the columns A of [X'X X'y; y'X y'y]:
 * the A x A block is -(X_A'X_A)^-1, column y of the rows A holds the
 * coefficients, the diagonal of an unswept column j holds the residual
 * sum of squares of x_j on X_A, row j column y the residual cross
 * product, and the y y entry the residual sum of squares. Returns the
 * pivot before the sweep; nothing is changed when it is not > 0 (the
 * column is a combination of the swept ones). */
double rv_ols_sweep(double *a, size_t p, size_t k);
/* Fit y on the n x p rows x by least squares with lambda[j] added to the
 * j-th diagonal of X'X (ridge; lambda may be NULL for none). beta gets p
 * coefficients; with vcov non-NULL it gets the p x p covariance
 * sigma^2 (X'X + L)^-1 (sigma^2 = RSS / (n - p)), and with cluster
 * non-NULL (n cluster numbers, rows of a cluster need not be adjacent)
 * the cluster-robust sandwich instead (rv_ols_sandwich). Returns 0, 1
 * when X'X + L is singular, -1 on OOM. */
int rv_ols_fit(const double *x, const double *y, size_t n, size_t p, const double *lambda,
    const size_t *cluster, double *beta, double *vcov);
/* The sandwich B M B * g / (g - 1) into out (p x p): bread B (the
 * inverse of X'X + L), meat M (the sum over the g clusters of s s',
 * s = the sum of x_i e_i over the cluster's rows). out may not alias.
 * Returns 0 or -1 on OOM. */
int rv_ols_sandwich(const double *bread, const double *meat, size_t p, double g, double *out);

#endif
