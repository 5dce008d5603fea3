package io.energycorrelator.homeassistant;

import io.energycorrelator.config.MqttSettings;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;

import java.util.UUID;

/**
 * The Camel component the sensors are published with: camel-paho-mqtt5 set up from the settings here, so that the
 * password (which may come from a file) never stands in an endpoint URI, where Camel would show it. Routes use it as
 * {@value #SCHEME}{@code :<topic>}.
 * <p>
 * Every message is retained, at QoS 1. The client connects on the first message rather than at start-up (the
 * service starts while the broker is down), gives up a connection attempt after {@value #CONNECT_TIMEOUT_SECONDS} s,
 * notices a broker that stopped answering within about 1.5 × {@value #KEEP_ALIVE_SECONDS} s, and reconnects by itself
 * (waiting at most {@value #MAX_RECONNECT_DELAY_MS} ms between attempts). Its last will, sent by the broker when the
 * service vanishes without saying goodbye, marks the sensors unavailable.
 */
public final class BrokerConnection {

    public static final String SCHEME = "home-assistant-mqtt";
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    static final int KEEP_ALIVE_SECONDS = 15;
    static final int MAX_RECONNECT_DELAY_MS = 10_000;

    private BrokerConnection() {
    }

    public static PahoMqtt5Component component(MqttSettings settings, SensorTopics topics) {
        PahoMqtt5Configuration c = new PahoMqtt5Configuration();
        settings.url().ifPresent(url -> c.setBrokerUrl(url.toString()));
        settings.username().ifPresent(c::setUserName);
        settings.password().ifPresent(c::setPassword);
        c.setClientId("energy-correlator-" + UUID.randomUUID().toString().substring(0, 8));
        c.setQos(1);
        c.setRetained(true);
        c.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        c.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        c.setAutomaticReconnect(true);
        c.setMaxReconnectDelay(MAX_RECONNECT_DELAY_MS);
        c.setWillTopic(topics.availability());
        c.setWillPayload(DiscoveryConfig.OFFLINE);
        c.setWillQos(1);
        c.setWillRetained(true);
        PahoMqtt5Component component = new PahoMqtt5Component();
        component.setConfiguration(c);
        component.setLazyStartProducer(true);
        return component;
    }
}
