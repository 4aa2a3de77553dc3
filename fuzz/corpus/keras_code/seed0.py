Adam(lr=0.003, decay=0.0002)
