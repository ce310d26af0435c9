package verticles.devices;

/** The devices feature's event-bus addresses. Every body is a {@code JsonObject}. */
public final class DeviceAddresses {

    private DeviceAddresses() {
    }

    /** Register a device: {@code {tenantId, identifier, name}} → the device, or 409 when the identifier is taken. */
    public static final String DEVICES_CREATE = "devices.create";
    /** One device: {@code {tenantId, deviceId}} → the device, or 404. */
    public static final String DEVICES_GET = "devices.get";
    /** Assign a device: {@code {tenantId, deviceId, shipmentId}} (null: none) → the device, or 404. */
    public static final String DEVICES_ASSIGN = "devices.assign";
    /**
     * Whose device sends with this identifier and where its fixes go: {@code {identifier}} →
     * {@code {deviceId, tenantId, shipmentId}} (shipmentId null while unassigned), or 404.
     */
    public static final String DEVICES_RESOLVE = "devices.resolve";
}
