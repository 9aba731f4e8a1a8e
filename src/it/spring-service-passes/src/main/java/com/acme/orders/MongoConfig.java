package com.acme.orders;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration
public class MongoConfig {
  /** The one client of the service: the container closes it when the context shuts down. */
  @Bean
  public MongoClient mongoClient() {
    return MongoClients.create("mongodb://localhost:27017");
  }

  @Bean
  public MongoTemplate mongoTemplate(MongoClient client) {
    return new MongoTemplate(client, "orders");
  }
}
