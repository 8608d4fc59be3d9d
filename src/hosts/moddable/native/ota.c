/*
 * Whether the running firmware still waits to be confirmed (FFI, manifests/esp32.json): only an
 * image the bootloader started from a fresh OTA update is "pending verify"; one flashed over USB,
 * or already confirmed, is not, and must not be marked valid again (the IDF would log an error).
 */

#include <stdint.h>
#include "app_update/include/esp_ota_ops.h" /* as the SDK's embedded:update includes it: app_update is not on mcconfig's include list */

/* 1 pending verify, 0 not, else the esp_err_t (negated, so it stays apart from 0 and 1). */
int32_t ota_pending_verify(void)
{
	esp_ota_img_states_t state;
	const esp_partition_t *running = esp_ota_get_running_partition();
	esp_err_t err;

	if (!running)
		return -ESP_ERR_NOT_FOUND;
	err = esp_ota_get_state_partition(running, &state);
	if (err == ESP_ERR_NOT_SUPPORTED || err == ESP_ERR_NOT_FOUND)
		return 0; /* a factory partition, or no OTA data: nothing to confirm */
	if (err)
		return -err;
	return (state == ESP_OTA_IMG_PENDING_VERIFY) ? 1 : 0;
}
