print("tour placeholder")
