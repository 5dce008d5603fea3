package io.energycorrelator.operations;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * GET /health with a homes file: the process as a whole. Healthy while every home is; degraded while some home is not,
 * or its last cycle failed (GET /homes says which), so that one bad home does not get the process restarted; unhealthy when no home is
 * healthy (InfluxDB or ZooKeeper out of reach makes every home so).
 */
public final class FleetHealth implements ServiceHealth {

    private final Map<String, HealthReport> homes;

    /** @param homes each home's report, by home id */
    public FleetHealth(Map<String, HealthReport> homes) {
        this.homes = homes;
    }

    @Override
    public HealthReport.Health current() {
        List<Map.Entry<String, HealthReport.Health>> each = homes.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().current())).toList();
        long unhealthy = each.stream().filter(e -> "unhealthy".equals(e.getValue().status())).count();
        String status;
        if (unhealthy == each.size()) {
            status = "unhealthy";
        } else if (unhealthy > 0 || each.stream().anyMatch(e -> "degraded".equals(e.getValue().status())
                || e.getValue().consecutiveFailedCycles() > 0)) {
            status = "degraded";
        } else if (each.stream().anyMatch(e -> "starting".equals(e.getValue().status()))) {
            status = "starting";
        } else {
            status = "healthy";
        }
        String lastError = each.stream().filter(e -> e.getValue().lastError() != null)
                .map(e -> "home " + e.getKey() + ": " + e.getValue().lastError()).findFirst().orElse(null);
        return combined(status, each.stream().map(Map.Entry::getValue).toList(), lastError);
    }

    @Override
    public HealthReport.Health notRunning(String status) {
        return homes.values().iterator().next().notRunning(status);
    }

    /** {@code leader} while this replica leads some home's shard, else what the homes say (standby, or single). */
    private static String role(List<HealthReport.Health> each) {
        return each.stream().map(HealthReport.Health::role).filter("leader"::equals).findFirst().orElse(each.get(0).role());
    }

    private static HealthReport.Health combined(String status, List<HealthReport.Health> each, String lastError) {
        HealthReport.Health first = each.get(0);
        long total = each.stream().mapToLong(HealthReport.Health::totalFetches).sum();
        long failed = each.stream().mapToLong(HealthReport.Health::failedFetches).sum();
        String lastSuccess = each.stream().map(HealthReport.Health::lastSuccessfulFetch).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new HealthReport.Health(status, first.service(), first.uptimeSeconds(), lastSuccess, total, failed,
                total == 0 ? 0.0 : Percent.round((total - failed) * 100.0 / total), first.influxdb(),
                each.stream().mapToLong(HealthReport.Health::consecutiveFailedCycles).max().orElse(0), lastError,
                first.mqtt(), role(each), first.node(), first.zookeeper());
    }
}
