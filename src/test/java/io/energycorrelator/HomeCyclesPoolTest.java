package io.energycorrelator;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool of every home's scheduled routes holds two recurring tasks a home, for as many homes as the file has. */
class HomeCyclesPoolTest {

    @Test
    void theRoutesOfOneThousandHomesAndMoreAllGetTheirRuns() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            ScheduledExecutorService pool = ServiceBeans.homeCycles(context, 2);
            List<ScheduledFuture<?>> runs = new ArrayList<>();
            for (int i = 0; i < 2 * 1500; i++) { // 1,500 homes: a cycle and a daily energy each
                runs.add(pool.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS));
            }
            assertThat(runs).hasSize(3000).noneMatch(ScheduledFuture::isDone);
            pool.shutdownNow();
        }
    }

    @Test
    void camelsDefaultPoolWouldRefuseTheRoutesOfThe501stHome() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            ScheduledExecutorService pool = context.getExecutorServiceManager().newScheduledThreadPool(this, "default", 2);
            for (int i = 0; i < 1000; i++) {
                pool.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS);
            }
            assertThatThrownBy(() -> pool.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.HOURS))
                    .isInstanceOf(RejectedExecutionException.class).hasMessage("Task rejected due queue size limit reached");
            pool.shutdownNow();
        }
    }
}
