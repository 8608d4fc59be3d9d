/*
 * P1 UART for the Digitale Meter Monitor (FFI, manifests/esp32.json).
 *
 * embedded:io/serial reads the 128-byte hardware FIFO only (about 11 ms at 115200 baud) and
 * cannot invert RX. This installs the IDF UART driver with a ring buffer of a few KB filled by
 * the interrupt (in IRAM, so it keeps running while flash writes stall the cache), 115200 8N1,
 * RX inverted (the P1 output is open collector, idle low after the board's pull-up), no TX.
 * JavaScript polls p1_uart_read() from a timer (core/device/uart-pump).
 */

#include <stdint.h>
#include "driver/uart.h"
#include "freertos/FreeRTOS.h"
#include "freertos/queue.h"

static int32_t gPort = -1;
static QueueHandle_t gEvents = NULL;
static uint32_t gLost = 0;

/* 0, or the esp_err_t of the step that failed (the driver is removed again then). */
int32_t p1_uart_open(int32_t port, int32_t rx, int32_t ringBytes)
{
	uart_config_t config = {
		.baud_rate = 115200,
		.data_bits = UART_DATA_8_BITS,
		.parity = UART_PARITY_DISABLE,
		.stop_bits = UART_STOP_BITS_1,
		.flow_ctrl = UART_HW_FLOWCTRL_DISABLE,
		.source_clk = UART_SCLK_DEFAULT,
	};
	esp_err_t err;

	if (gPort >= 0)
		return ESP_ERR_INVALID_STATE;
	err = uart_driver_install(port, ringBytes, 0, 8, &gEvents, ESP_INTR_FLAG_IRAM);
	if (err)
		return err;
	err = uart_param_config(port, &config);
	if (!err)
		err = uart_set_pin(port, UART_PIN_NO_CHANGE, rx, UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE);
	if (!err)
		err = uart_set_line_inverse(port, UART_SIGNAL_RXD_INV);
	if (err) {
		uart_driver_delete(port);
		gEvents = NULL;
		return err;
	}
	gPort = port;
	return 0;
}

/* Copies up to `length` waiting bytes into `buffer` without blocking; -1 when not open. */
int32_t p1_uart_read(uint8_t *buffer, int32_t length)
{
	uart_event_t event;
	int count;

	if (gPort < 0)
		return -1;
	if (length <= 0) /* the driver takes a uint32_t: a negative length would read without bound */
		return 0;
	/* Overflows are only counted: reading frees room and the driver resumes; the framer drops the torn telegram by its CRC. */
	while (xQueueReceive(gEvents, &event, 0) == pdTRUE) {
		if ((event.type == UART_FIFO_OVF) || (event.type == UART_BUFFER_FULL))
			gLost++;
	}
	count = uart_read_bytes(gPort, buffer, (uint32_t)length, 0);
	return (count < 0) ? -1 : count;
}

/* Ring-buffer or FIFO overflows since open. */
uint32_t p1_uart_lost(void)
{
	return gLost;
}

void p1_uart_close(void)
{
	if (gPort < 0)
		return;
	uart_driver_delete(gPort);
	gPort = -1;
	gEvents = NULL;
}
