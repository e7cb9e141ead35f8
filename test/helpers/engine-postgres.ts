process.env.GB_TEST_ENGINE = 'postgres';
