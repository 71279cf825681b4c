package dev.traceguard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The texts {@link PiiMaskerBenchmark} masks. Every one is ASCII, so its length in characters is its size in bytes.
 * All personal data here is invented: example.com addresses, 555 and Ofcom drama numbers, test card numbers.
 */
final class PiiTexts {
  private PiiTexts() {}

  /**
   * About 1 KB of what span attributes hold, with no personal data and no secret: URLs without credentials, routes,
   * class names, SQL, ids (an order number, a trace id, a UUID), versions and timings. The order number's digits
   * are a long enough run for the masker's pre-check to look for numbers, as in real traffic.
   */
  static String clean() {
    return """
        GET https://shop.example.com/api/v2/orders/ORD-2026-000123/items?page=2&size=50&sort=createdAt,desc
        http.route=/api/v2/orders/{orderId}/items http.response.status_code=200 server.port=8443
        code.namespace=com.acme.shop.orders.internal.OrderItemResource code.function=listItems
        db.system=postgresql db.name=orders db.operation=SELECT
        SELECT i.id, i.sku, i.quantity, i.unit_price FROM order_item i JOIN orders o ON o.id = i.order_id \
        WHERE o.public_id = ? AND i.deleted = false ORDER BY i.created_at DESC LIMIT 50 OFFSET 50
        user_agent.original=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
        Chrome/124.0.0.0 Safari/537.36
        trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 \
        request_id=5f1c9a0e-7b2d-4c3e-9a8f-1e2d3c4b5a69
        messaging.system=kafka messaging.destination.name=orders.shipped messaging.kafka.partition=3
        thread.name=http-nio-8443-exec-7 duration_ms=42 retry.count=0 cache.hit=true
        rpc.service=inventory.v1.StockService rpc.method=Reserve peer.service=inventory
        jakarta.ws.rs.Path=/orders/{orderId} scope=jakarta.enterprise.context.RequestScoped
        event=order.items.listed tenant=acme region=eu-west-1 release=2026.03.1 build=7c1e2f9
        """;
  }

  /**
   * {@link #clean()} with the order number shortened to {@code ORD-7781}: then no run of digits is long enough to be
   * a card, SSN or phone, no secret word and no {@code @} occurs, and the masker's pre-check returns the text at
   * once. The difference to {@link #clean()} is what one number-like id costs.
   */
  static String cleanNoCandidates() {
    return clean().replace("ORD-2026-000123", "ORD-7781");
  }

  /**
   * About 1 KB dense with what the masker must find: e-mail addresses, phone numbers in several national styles,
   * card numbers that pass Luhn (plain, grouped, American Express), SSNs, bearer and basic credentials, a JWT and
   * secret-named key-value pairs.
   */
  static String dense() {
    return """
        customer alice.smith@example.com (phone +1 (415) 555-0132) paid with 4111 1111 1111 1111, ssn 123-45-6789
        Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.s5dQm3v2k9T1yXKq0Lr8Zc4W
        contact bob.jones@example.org or 020 7946 0958, backup 010-1234-5678; amex 3782 822463 10005
        mc 5500-0000-0000-0004 refund to carol+orders@shop.example.net, card 6011111111111117, ssn 078-05-1120
        phone 415.555.0199 password=hunter2-Winter api_key="sk_live_4eC39HqLyjWDarjtT1zdp7dc" token: 9f8e7d6c5b4a
        dave@example.co.uk called 1-800-555-0199 and +44 20 7946 0958 about card 5105 1051 0510 5100
        ssn 219-09-9999 proxy Basic YWxpY2U6Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5 erin_w@mail.example.com 03-1234-5678
        {"email":"frank@example.com","phone":"+49 30 901820","card":"4012 8888 8888 1881","ssn":"536-22-1234"}
        grace.h%40example.com 01 42 68 53 00 Bearer 0b5e7c1d-93f2-4a6e-8d1b-7f3c2e9a4b60 07700 900123
        client_secret=Zm9vYmFyYmF6cXV4 heidi@example.io +81 3-1234-5678 card 3530-1113-3330-0000 ssn 412-34-5678
        """;
  }

  /**
   * One span's strings, each masked on its own as the exporter does: 20 attribute values of a failed order
   * creation (of which an exception message with an e-mail address and a URL with an access token need masking)
   * and its stack trace of 30 frames.
   */
  static String[] span() {
    List<String> values = new ArrayList<>(List.of(
        "POST",
        "https://shop.example.com/api/v2/orders?expand=items&currency=EUR",
        "/api/v2/orders",
        "shop.example.com",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "203.0.113.42",
        "5f1c9a0e-7b2d-4c3e-9a8f-1e2d3c4b5a69",
        "com.acme.shop.orders.api.OrderResource",
        "create",
        "postgresql",
        "INSERT INTO orders (public_id, customer_id, status, total_cents, currency, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        "orders",
        "customer-84213",
        "java.lang.IllegalStateException",
        "Order ORD-2026-000123 for alice.smith@example.com cannot be shipped: payment declined",
        "ORDERS-0042",
        "https://payments.example.com/v1/charges?customer=cus_9Xk2&access_token=tok_9f8e7d6c5b4a",
        "application/json",
        "http-nio-8443-exec-7",
        "application/json;charset=UTF-8"));
    values.add(stackTrace());
    return values.toArray(new String[0]);
  }

  private static String stackTrace() {
    return """
        java.lang.IllegalStateException: Order ORD-2026-000123 cannot be shipped: payment declined
        \tat com.acme.shop.orders.internal.ShippingService.ship(ShippingService.java:118)
        \tat com.acme.shop.orders.internal.OrderService.lambda$place$3(OrderService.java:87)
        \tat java.base/java.util.Optional.map(Optional.java:260)
        \tat com.acme.shop.orders.internal.OrderService.place(OrderService.java:84)
        \tat com.acme.shop.orders.internal.OrderService$Proxy$_$$_WeldSubclass.place$$super(Unknown Source)
        \tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)
        \tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:77)
        \tat java.base/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)
        \tat java.base/java.lang.reflect.Method.invoke(Method.java:569)
        \tat org.jboss.weld.interceptor.proxy.TerminalAroundInvokeInvocationContext.proceedInternal(\
        TerminalAroundInvokeInvocationContext.java:51)
        \tat org.jboss.weld.interceptor.proxy.AroundInvokeInvocationContext.proceed(\
        AroundInvokeInvocationContext.java:78)
        \tat dev.traceguard.cdi.internal.TracedInterceptor.trace(TracedInterceptor.java:64)
        \tat java.base/jdk.internal.reflect.GeneratedMethodAccessor41.invoke(Unknown Source)
        \tat org.jboss.weld.interceptor.reader.SimpleInterceptorInvocation$SimpleMethodInvocation.invoke(\
        SimpleInterceptorInvocation.java:73)
        \tat org.jboss.weld.interceptor.proxy.InterceptorMethodHandler.invoke(InterceptorMethodHandler.java:56)
        \tat com.acme.shop.orders.internal.OrderService$Proxy$_$$_WeldSubclass.place(Unknown Source)
        \tat com.acme.shop.orders.api.OrderResource.create(OrderResource.java:52)
        \tat com.acme.shop.orders.api.OrderResource$$Lambda$905/0x0000000801b2e8a8.run(Unknown Source)
        \tat org.glassfish.jersey.server.model.internal.ResourceMethodInvocationHandlerFactory.lambda$static$0(\
        ResourceMethodInvocationHandlerFactory.java:52)
        \tat org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher$1.run(\
        AbstractJavaResourceMethodDispatcher.java:146)
        \tat org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher.invoke(\
        AbstractJavaResourceMethodDispatcher.java:189)
        \tat org.glassfish.jersey.server.model.internal.JavaResourceMethodDispatcherProvider$TypeOutInvoker.\
        doDispatch(JavaResourceMethodDispatcherProvider.java:219)
        \tat org.glassfish.jersey.server.model.internal.AbstractJavaResourceMethodDispatcher.dispatch(\
        AbstractJavaResourceMethodDispatcher.java:93)
        \tat org.glassfish.jersey.server.model.ResourceMethodInvoker.invoke(ResourceMethodInvoker.java:478)
        \tat org.glassfish.jersey.server.ServerRuntime$1.run(ServerRuntime.java:255)
        \tat org.glassfish.jersey.internal.Errors.process(Errors.java:292)
        \tat org.glassfish.jersey.process.internal.RequestScope.runInScope(RequestScope.java:265)
        \tat org.glassfish.jersey.server.ServerRuntime.process(ServerRuntime.java:234)
        \tat org.glassfish.jersey.servlet.WebComponent.serviceImpl(WebComponent.java:394)
        \tat org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:227)
        """;
  }
}
