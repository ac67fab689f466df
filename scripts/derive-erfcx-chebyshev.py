"""Derives the Chebyshev coefficients of erfcx used by src/core/normal.ts (run: python3 this-file; needs mpmath).

On x >= 0, substitute t = (x - K)/(x + K), which maps [0, inf) onto [-1, 1), and expand
g(t) = (1 + 2x) * erfcx(x) (a smooth function tending to 2/sqrt(pi) as x -> inf) in Chebyshev polynomials:
g(t) = sum_j c_j T_j(t), with c_0 already halved. The coefficients are computed by Gauss-Chebyshev
quadrature in 50-digit arithmetic and printed as float64 literals.
"""
import mpmath as mp

mp.mp.dps = 50
K = mp.mpf(4)
TERMS = 27
NODES = TERMS + 60


def g(t):
    if t == 1:
        return 2 / mp.sqrt(mp.pi)
    x = K * (1 + t) / (1 - t)
    return (1 + 2 * x) * mp.erfc(x) * mp.exp(x * x)


angles = [mp.pi * (k + mp.mpf(1) / 2) / NODES for k in range(NODES)]
values = [g(mp.cos(a)) for a in angles]
coefficients = [2 * mp.fsum(v * mp.cos(j * a) for v, a in zip(values, angles)) / NODES for j in range(TERMS)]
coefficients[0] /= 2
print(',\n'.join(repr(float(c)) for c in coefficients))
