package io.energycorrelator.homeassistant;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.util.function.BooleanSupplier;

/**
 * When the service stops, before its routes do: stops the sensors' timer route {@value #SENSORS_ROUTE} (letting a
 * run in flight finish, so that no later "online" follows), then tells Home Assistant the sensors are unavailable (a
 * retained {@value DiscoveryConfig#OFFLINE} on the availability topic, through {@value #PUBLISH}). The broker sends
 * the same by itself only when the connection breaks, not on a clean disconnect. Not sent while the broker cannot
 * be reached, so that it never holds up the shutdown, nor by the standby of a pair: the leader publishes the
 * availability, and a standby stopping says nothing about it.
 */
public final class OfflineOnShutdown extends EventNotifierSupport {

    /** The route that publishes a list of {@link SensorMessage}s. */
    public static final String PUBLISH = "direct:home-assistant-publish";
    public static final String SENSORS_ROUTE = "home-assistant-sensors";

    private final ProducerTemplate template;
    private final HomeAssistantSensors sensors;
    private final MqttStatus status;
    private final BooleanSupplier leads;

    /** @param leads whether this process leads (always, for a single process) */
    public OfflineOnShutdown(ProducerTemplate template, HomeAssistantSensors sensors, MqttStatus status, BooleanSupplier leads) {
        this.template = template;
        this.sensors = sensors;
        this.status = status;
        this.leads = leads;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        if (!leads.getAsBoolean()) {
            return;
        }
        template.getCamelContext().getRouteController().stopRoute(SENSORS_ROUTE);
        if (MqttStatus.OK.equals(status.field())) {
            try {
                template.sendBody(PUBLISH, sensors.offline());
            } catch (RuntimeException e) {
                sensors.publishFailed(e);
            }
        }
    }
}
