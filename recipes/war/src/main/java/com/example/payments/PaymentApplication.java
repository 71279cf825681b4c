package com.example.payments;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

@ApplicationPath("/api")
public class PaymentApplication extends Application {   // lists no classes: the server finds the resources,
}                                                      // and Traceguard's feature with them
