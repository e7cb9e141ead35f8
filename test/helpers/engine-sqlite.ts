process.env.GB_TEST_ENGINE = 'sqlite';
