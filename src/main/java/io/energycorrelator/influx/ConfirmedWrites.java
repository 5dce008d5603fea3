package io.energycorrelator.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.WriteApi;
import com.influxdb.client.WriteApiBlocking;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Makes camel-influxdb2 report whether a write landed. Its producer writes through the client's asynchronous
 * batching {@link WriteApi}, where a rejected write only reaches a listener and buffered points die with the
 * process. Wrapped here, {@code makeWriteApi()} returns a {@code WriteApi} whose writes go through
 * {@link WriteApiBlocking}: a failed write throws inside the producer, which fails the exchange.
 */
public final class ConfirmedWrites {

    private ConfirmedWrites() {
    }

    public static InfluxDBClient wrap(InfluxDBClient client) {
        return (InfluxDBClient) Proxy.newProxyInstance(InfluxDBClient.class.getClassLoader(),
                new Class<?>[] {InfluxDBClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("makeWriteApi") || method.getName().equals("getWriteApi")) {
                        return blockingWriteApi(client.getWriteApiBlocking());
                    }
                    return invoke(client, method, args);
                });
    }

    private static WriteApi blockingWriteApi(WriteApiBlocking blocking) {
        return (WriteApi) Proxy.newProxyInstance(WriteApi.class.getClassLoader(), new Class<?>[] {WriteApi.class},
                (proxy, method, args) -> switch (method.getName()) {
                    // Nothing is ever buffered: there is nothing to flush or close.
                    case "flush", "close" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "ConfirmedWriteApi";
                    // write*(...) exists with the same parameters on WriteApiBlocking.
                    default -> invoke(blocking,
                            WriteApiBlocking.class.getMethod(method.getName(), method.getParameterTypes()), args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
