import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends one of each Segment call through the official Java library to the service. The only change a partner makes to
 * an existing integration is the endpoint (and the service's write key). Prints the messages it delivered and those
 * it gave up on; exits 1 if any.
 */
public class Send {
    public static void main(String[] args) throws Exception {
        String base = System.getenv().getOrDefault("BASE", "http://localhost:8080");
        String writeKey = System.getenv("WRITE_KEY");
        if (writeKey == null) {
            System.err.println("Set WRITE_KEY (POST /v1/admin/projects/{projectId}/sdk-apps/{sdkAppId}/write-keys)");
            System.exit(2);
        }
        String run = System.getenv().getOrDefault("RUN", "demo-" + System.currentTimeMillis());
        List<String> delivered = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(6);
        Analytics analytics = Analytics.builder(writeKey)
                .endpoint(base)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        delivered.add(message.type() + " " + message.messageId());
                        done.countDown();
                    }

                    @Override
                    public void failure(Message message, Throwable cause) {
                        failed.add(message.type() + " " + message.messageId() + ": " + cause.getMessage());
                        done.countDown();
                    }
                })
                .build();
        String user = "user-" + run;
        String anon = "anon-" + run;
        analytics.enqueue(TrackMessage.builder("Purchase")
                .messageId(run + "-track")
                .userId(user)
                .anonymousId(anon)
                .properties(Map.of("revenue", 9.99, "currency", "USD", "product_id", "pro_monthly"))
                .context(Map.of("os", Map.of("name", "iOS", "version", "17.4"), "app", Map.of("version", "3.0.1"))));
        analytics.enqueue(IdentifyMessage.builder()
                .messageId(run + "-identify")
                .userId(user)
                .traits(Map.of("plan", "pro", "email", "carol@example.com")));
        analytics.enqueue(PageMessage.builder("Pricing")
                .messageId(run + "-page")
                .anonymousId(anon)
                .category("Docs")
                .properties(Map.of("url", "https://example.com/pricing")));
        analytics.enqueue(ScreenMessage.builder("Settings").messageId(run + "-screen").userId(user));
        analytics.enqueue(GroupMessage.builder("acme")
                .messageId(run + "-group")
                .userId(user)
                .traits(Map.of("name", "Acme")));
        analytics.enqueue(AliasMessage.builder(anon).messageId(run + "-alias").userId(user));
        analytics.flush();
        boolean reported = done.await(60, TimeUnit.SECONDS);
        analytics.shutdown();
        System.out.println("delivered " + delivered.size() + ": " + delivered);
        System.out.println("failed " + failed.size() + ": " + failed);
        System.exit(reported && failed.isEmpty() ? 0 : 1);
    }
}
