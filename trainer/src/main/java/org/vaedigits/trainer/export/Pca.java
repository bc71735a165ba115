package org.vaedigits.trainer.export;

/** Principal axes of a small set of points, by the cyclic Jacobi eigenvalue method. */
public final class Pca {
    private Pca() {
    }

    /**
     * The two leading principal axes of {@code n} points of dimension {@code d} (row-major),
     * as a 2×d row-major matrix of unit rows; each row's largest component is positive.
     */
    public static float[] topTwoAxes(float[] points, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += points[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double da = points[i * d + a] - mean[a];
                for (int b = 0; b < d; b++) {
                    cov[a][b] += da * (points[i * d + b] - mean[b]);
                }
            }
        }
        double[][] v = new double[d][d]; // columns: eigenvectors
        for (int j = 0; j < d; j++) {
            v[j][j] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    off += cov[p][q] * cov[p][q];
                }
            }
            if (off < 1e-22) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (Math.abs(cov[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (cov[q][q] - cov[p][p]) / (2 * cov[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < d; k++) {
                        double kp = cov[k][p];
                        double kq = cov[k][q];
                        cov[k][p] = c * kp - s * kq;
                        cov[k][q] = s * kp + c * kq;
                    }
                    for (int k = 0; k < d; k++) {
                        double pk = cov[p][k];
                        double qk = cov[q][k];
                        cov[p][k] = c * pk - s * qk;
                        cov[q][k] = s * pk + c * qk;
                    }
                    for (int k = 0; k < d; k++) {
                        double kp = v[k][p];
                        double kq = v[k][q];
                        v[k][p] = c * kp - s * kq;
                        v[k][q] = s * kp + c * kq;
                    }
                }
            }
        }
        int first = 0;
        for (int j = 1; j < d; j++) {
            if (cov[j][j] > cov[first][first]) {
                first = j;
            }
        }
        int second = first == 0 ? 1 : 0;
        for (int j = 0; j < d; j++) {
            if (j != first && cov[j][j] > cov[second][second]) {
                second = j;
            }
        }
        float[] axes = new float[2 * d];
        int[] chosen = {first, second};
        for (int r = 0; r < 2; r++) {
            int col = chosen[r];
            int largest = 0;
            for (int k = 1; k < d; k++) {
                if (Math.abs(v[k][col]) > Math.abs(v[largest][col])) {
                    largest = k;
                }
            }
            double sign = v[largest][col] < 0 ? -1 : 1;
            for (int k = 0; k < d; k++) {
                axes[r * d + k] = (float) (sign * v[k][col]);
            }
        }
        return axes;
    }
}
