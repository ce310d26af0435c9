package verticles.api.adversarial;

/**
 * Real resources a valid request names, so that a generated request reaches the code behind a
 * route instead of stopping at 404: the suite's own tenant with its key and a second key to revoke,
 * one of its orders, shipments and webhooks, a dead letter, and a webhook receiver that answers
 * 204, so that no delivery to it ever becomes a dead letter.
 */
record Fixtures(String tenantId, String tenantKey, String spareKeyPrefix, String adminKey, String orderId,
                String shipmentId, String webhookId, long deadLetterId, String webhookUrl) {
}
