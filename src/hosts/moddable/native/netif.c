/*
 * Static IPv4 address for the WiFi station (FFI, manifests/esp32.json). The legacy `wifi`
 * module only does DHCP and the ECMA-419 one cannot set a DNS server; this sets both on the
 * station interface the legacy module created. Addresses are in network byte order as
 * lwIP keeps them (a.b.c.d -> a | b << 8 | c << 16 | d << 24, core/device/wifi-policy ip4Word).
 */

#include <stdint.h>
#include "esp_netif.h"

/* 0 on success, else the esp_err_t; address 0 switches back to DHCP. Call before connecting. */
int32_t sta_address(uint32_t address, uint32_t mask, uint32_t gateway, uint32_t dns)
{
	esp_netif_t *netif = esp_netif_get_handle_from_ifkey("WIFI_STA_DEF");
	esp_netif_ip_info_t info = { 0 };
	esp_netif_dns_info_t server = { 0 };
	esp_err_t err;

	if (!netif)
		return ESP_ERR_INVALID_STATE;
	if (!address) {
		err = esp_netif_dhcpc_start(netif);
		return (err == ESP_ERR_ESP_NETIF_DHCP_ALREADY_STARTED) ? 0 : err;
	}
	err = esp_netif_dhcpc_stop(netif);
	if (err && (err != ESP_ERR_ESP_NETIF_DHCP_ALREADY_STOPPED))
		return err;
	info.ip.addr = address;
	info.netmask.addr = mask;
	info.gw.addr = gateway;
	err = esp_netif_set_ip_info(netif, &info);
	if (err)
		return err;
	server.ip.type = ESP_IPADDR_TYPE_V4;
	server.ip.u_addr.ip4.addr = dns ? dns : gateway;
	return esp_netif_set_dns_info(netif, ESP_NETIF_DNS_MAIN, &server);
}
