/*
 * SD card (FAT over SPI) for the Digitale Meter Monitor (FFI, manifests/esp32.json).
 *
 * Mounts the card at /sd for the legacy `file` module. Never formats: a card that does not
 * mount (missing, unformatted, damaged) is reported and left as it is; the user's data is
 * theirs. The SPI bus is set up once and kept, so a retry after a failed mount only probes
 * the card again. The T8-S2 powers the slot through GPIO14, which setup/target holds high.
 */

#include <stdint.h>
#include "driver/sdspi_host.h"
#include "driver/spi_common.h"
#include "esp_vfs_fat.h"
#include "sdmmc_cmd.h"

#define SD_MOUNT "/sd"

static sdmmc_card_t *gCard = NULL;
static int gBus = 0;

/* 0 when mounted (or already), else the esp_err_t (ESP_ERR_TIMEOUT, ESP_FAIL for no FAT, ...). */
int32_t sd_mount(int32_t sck, int32_t miso, int32_t mosi, int32_t cs)
{
	esp_err_t err;
	sdmmc_host_t host = SDSPI_HOST_DEFAULT();
	sdspi_device_config_t slot = SDSPI_DEVICE_CONFIG_DEFAULT();
	esp_vfs_fat_mount_config_t mount = {
		.format_if_mount_failed = false,
		.max_files = 4,
		.allocation_unit_size = 0,
	};

	if (gCard)
		return 0;
	if (!gBus) {
		spi_bus_config_t bus = {
			.mosi_io_num = mosi,
			.miso_io_num = miso,
			.sclk_io_num = sck,
			.quadwp_io_num = -1,
			.quadhd_io_num = -1,
			.max_transfer_sz = 4096,
		};
		err = spi_bus_initialize(host.slot, &bus, SPI_DMA_CH_AUTO);
		if (err)
			return err;
		gBus = 1;
	}
	slot.gpio_cs = cs;
	slot.host_id = host.slot;
	err = esp_vfs_fat_sdspi_mount(SD_MOUNT, &host, &slot, &mount, &gCard);
	if (err)
		gCard = NULL;
	return err;
}

/* After failed writes (the card was pulled): forget it, so the next sd_mount() probes afresh. */
int32_t sd_unmount(void)
{
	esp_err_t err;

	if (!gCard)
		return 0;
	err = esp_vfs_fat_sdcard_unmount(SD_MOUNT, gCard);
	gCard = NULL;
	return err;
}

/* Free space on the card in KiB; -1 when not mounted or unknown. */
int32_t sd_free_kib(void)
{
	uint64_t total = 0, free = 0;

	if (!gCard || esp_vfs_fat_info(SD_MOUNT, &total, &free))
		return -1;
	return (int32_t)(free / 1024);
}
