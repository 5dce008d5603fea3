package io.energycorrelator.homes;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A home's own beans, made by the same {@code @BindToRegistry} methods that make the default home's (so a home of the
 * homes file is wired exactly as a single home is), but each home into a map of its own rather than the registry.
 * A bean is made when first asked for, its parameters found as Camel would: by {@code @BeanInject} name, else by
 * type, among the home's beans first and then the registry's (what all homes share: the clock, the InfluxDB client,
 * the leadership of the home's shard, given as {@code shared}).
 */
final class HomeWiring {

    private final CamelContext context;
    private final Map<String, Method> methods = new HashMap<>();
    private final Map<Method, CamelConfiguration> owners = new HashMap<>();
    private final Map<String, Object> made = new HashMap<>();

    /**
     * @param beanClasses the configuration classes whose methods make a home's beans
     * @param shared      beans given rather than made, by name (they win over a method of the same name)
     */
    HomeWiring(CamelContext context, List<CamelConfiguration> beanClasses, Map<String, Object> shared) {
        this.context = context;
        for (CamelConfiguration beans : beanClasses) {
            for (Method method : beans.getClass().getMethods()) {
                BindToRegistry bind = method.getAnnotation(BindToRegistry.class);
                if (bind != null) {
                    String name = bind.value().isEmpty() ? method.getName() : bind.value();
                    methods.put(name, method);
                    owners.put(method, beans);
                }
            }
        }
        made.putAll(shared);
    }

    /** The names of the beans the configuration classes make. */
    Set<String> names() {
        return new TreeSet<>(methods.keySet());
    }

    /** The home's bean of this name, made now if it is not yet. */
    synchronized Object byName(String name) {
        Object bean = made.get(name);
        if (bean == null) {
            Method method = methods.get(name);
            if (method == null) {
                return context.getRegistry().lookupByName(name);
            }
            bean = invoke(method);
            made.put(name, bean);
        }
        return bean;
    }

    /** The home's bean of this type: one it was given or made, one of its methods makes, else the registry's. */
    synchronized <T> T byType(Class<T> type) {
        for (Object bean : made.values()) {
            if (type.isInstance(bean)) {
                return type.cast(bean);
            }
        }
        for (Map.Entry<String, Method> entry : methods.entrySet()) {
            if (type.isAssignableFrom(entry.getValue().getReturnType())) {
                return type.cast(byName(entry.getKey()));
            }
        }
        return context.getRegistry().mandatoryFindSingleByType(type);
    }

    private Object invoke(Method method) {
        Parameter[] parameters = method.getParameters();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            BeanInject inject = parameters[i].getAnnotation(BeanInject.class);
            if (parameters[i].getType() == CamelContext.class) {
                args[i] = context;
            } else if (inject != null && !inject.value().isEmpty()) {
                args[i] = byName(inject.value());
            } else {
                args[i] = byType(parameters[i].getType());
            }
        }
        try {
            return method.invoke(owners.get(method), args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RuntimeCamelException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
