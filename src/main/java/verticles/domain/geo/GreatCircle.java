package verticles.domain.geo;

/**
 * Distances and paths on a spherical Earth (the mean radius): good to about 0.5 % against the
 * ellipsoid, which is far finer than any road's detour from the straight line.
 */
public final class GreatCircle {

    /** The mean Earth radius in metres (IUGG). */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private GreatCircle() {
    }

    /** A point in degrees. */
    public record Point(double lat, double lon) {
    }

    /** The great-circle distance in metres (haversine, which stays exact for short hops). */
    public static double meters(Point from, Point to) {
        double phi1 = Math.toRadians(from.lat());
        double phi2 = Math.toRadians(to.lat());
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(to.lon() - from.lon());
        double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
            + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The initial compass bearing from {@code from} towards {@code to}, in degrees in [0, 360). */
    public static double bearing(Point from, Point to) {
        double phi1 = Math.toRadians(from.lat());
        double phi2 = Math.toRadians(to.lat());
        double dLambda = Math.toRadians(to.lon() - from.lon());
        double y = Math.sin(dLambda) * Math.cos(phi2);
        double x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
        return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    }

    /** The point a {@code fraction} (0 to 1) of the way along the great circle from {@code from} to {@code to}. */
    public static Point along(Point from, Point to, double fraction) {
        double delta = meters(from, to) / EARTH_RADIUS_METERS;
        if (delta == 0) {
            return from;
        }
        double phi1 = Math.toRadians(from.lat());
        double lambda1 = Math.toRadians(from.lon());
        double phi2 = Math.toRadians(to.lat());
        double lambda2 = Math.toRadians(to.lon());
        double a = Math.sin((1 - fraction) * delta) / Math.sin(delta);
        double b = Math.sin(fraction * delta) / Math.sin(delta);
        double x = a * Math.cos(phi1) * Math.cos(lambda1) + b * Math.cos(phi2) * Math.cos(lambda2);
        double y = a * Math.cos(phi1) * Math.sin(lambda1) + b * Math.cos(phi2) * Math.sin(lambda2);
        double z = a * Math.sin(phi1) + b * Math.sin(phi2);
        return new Point(Math.toDegrees(Math.atan2(z, Math.sqrt(x * x + y * y))), Math.toDegrees(Math.atan2(y, x)));
    }
}
